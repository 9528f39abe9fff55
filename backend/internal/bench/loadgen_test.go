package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The load generator runs in a copy of this test binary started as a
// non-root test user, so that every request goes through polkit as it
// would for a real operator. TestMain switches to it when asked.
const (
	envSocket  = "BAMS_LOADGEN_SOCKET"
	envClients = "BAMS_LOADGEN_CLIENTS"
	envSeconds = "BAMS_LOADGEN_SECONDS"
	envPath    = "BAMS_LOADGEN_PATH"
	envRate    = "BAMS_LOADGEN_RATE" // total requests/s; 0 = as fast as possible
)

// loadResult is what the generator prints as JSON.
type loadResult struct {
	Requests int64   `json:"requests"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	MaxMs    float64 `json:"max_ms"`
	FirstErr string  `json:"first_error,omitempty"`
}

func TestMain(m *testing.M) {
	if socket := os.Getenv(envSocket); socket != "" {
		clients, _ := strconv.Atoi(os.Getenv(envClients))
		seconds, _ := strconv.Atoi(os.Getenv(envSeconds))
		rate, _ := strconv.Atoi(os.Getenv(envRate))
		res := generate(socket, os.Getenv(envPath), clients, rate, time.Duration(seconds)*time.Second)
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// generate runs clients concurrent keep-alive clients, each on its own
// connection, for d; bounded in time, it stops by itself. With rate > 0
// the clients share that many requests a second, each on a fixed schedule,
// and latency counts from the scheduled time, so a slow answer also
// charges the requests it delayed.
func generate(socket, path string, clients, rate int, d time.Duration) loadResult {
	var mu sync.Mutex
	var all []time.Duration
	var errs int64
	var firstErr string
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Transport: &http.Transport{
				DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
					return (&net.Dialer{}).DialContext(ctx, "unix", socket)
				},
				MaxIdleConnsPerHost: 1,
			}, Timeout: 10 * time.Second}
			var lat []time.Duration
			var myErrs int64
			var myFirst string
			var interval time.Duration
			if rate > 0 {
				interval = time.Duration(float64(time.Second) * float64(clients) / float64(rate))
			}
			next := time.Now().Add(time.Duration(rand.Int64N(int64(interval) + 1)))
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if interval > 0 {
					time.Sleep(time.Until(next))
					t0, next = next, next.Add(interval)
				}
				resp, err := c.Get("http://bamsd" + path)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("HTTP %d", resp.StatusCode)
					}
				}
				if err != nil {
					myErrs++
					if myFirst == "" {
						myFirst = err.Error()
					}
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += myErrs
			if firstErr == "" {
				firstErr = myFirst
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	res := loadResult{Requests: int64(len(all)), Errors: errs, Seconds: took.Seconds(), FirstErr: firstErr}
	if len(all) > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		res.P50ms, res.P99ms, res.MaxMs = ms(all[len(all)/2]), ms(all[len(all)*99/100]), ms(all[len(all)-1])
	}
	return res
}
