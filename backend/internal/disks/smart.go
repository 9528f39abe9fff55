package disks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bams/backend/internal/execx"
)

// Health is a disk's own verdict (SMART overall-health self-assessment).
type Health string

const (
	HealthPassed  Health = "passed"
	HealthFailed  Health = "failed"
	HealthUnknown Health = "unknown" // SMART unsupported or not readable (USB bridges, virtual disks)
)

// Smart is what the appliance shows of `smartctl -j -a`.
type Smart struct {
	Device       string
	Model        string
	Serial       string
	Protocol     string // ATA, SCSI, NVMe
	Health       Health
	Temperature  *int   // °C, nil when the disk reports none
	PowerOnHours *int64 // nil when the disk reports none
	// ExitStatus is smartctl's bit mask (see smartctl(8) "RETURN VALUES"):
	// bit 3 the disk is failing, bit 4 prefail attributes at or below
	// threshold, bit 5 some were in the past, bit 6 the error log has
	// errors, bit 7 the self-test log has errors.
	ExitStatus int
	Messages   []string // smartctl's own messages (why a value is missing)
}

// SmartError: smartctl could not read the device at all.
type SmartError struct {
	Device     string
	ExitStatus int
	Messages   []string
}

func (e *SmartError) Error() string {
	msg := fmt.Sprintf("smartctl could not read %s (exit status %d)", e.Device, e.ExitStatus)
	if len(e.Messages) > 0 {
		msg += ": " + strings.Join(e.Messages, "; ")
	}
	return msg
}

type smartJSON struct {
	Smartctl struct {
		ExitStatus int `json:"exit_status"`
		Messages   []struct {
			String   string `json:"string"`
			Severity string `json:"severity"`
		} `json:"messages"`
	} `json:"smartctl"`
	Device struct {
		Name     string `json:"name"`
		Protocol string `json:"protocol"`
	} `json:"device"`
	ModelName   string `json:"model_name"`
	SerialNum   string `json:"serial_number"`
	SmartStatus *struct {
		Passed *bool `json:"passed"`
	} `json:"smart_status"`
	Temperature *struct {
		Current *int `json:"current"`
	} `json:"temperature"`
	PowerOnTime *struct {
		Hours *int64 `json:"hours"`
	} `json:"power_on_time"`
	NVMeLog *struct {
		Temperature  *int   `json:"temperature"`
		PowerOnHours *int64 `json:"power_on_hours"`
	} `json:"nvme_smart_health_information_log"`
}

// ParseSmart reads `smartctl -j` output. Bits 0-2 of the exit status
// (bad command line, device open failed, SMART command failed) with no
// health verdict mean the device could not be read: *SmartError.
func ParseSmart(out []byte) (Smart, error) {
	var j smartJSON
	if err := json.Unmarshal(out, &j); err != nil {
		return Smart{}, fmt.Errorf("smartctl -j: %w", err)
	}
	s := Smart{Device: j.Device.Name, Model: j.ModelName, Serial: j.SerialNum, Protocol: j.Device.Protocol,
		Health: HealthUnknown, ExitStatus: j.Smartctl.ExitStatus}
	for _, m := range j.Smartctl.Messages {
		s.Messages = append(s.Messages, m.String)
	}
	if j.SmartStatus != nil && j.SmartStatus.Passed != nil {
		s.Health = HealthFailed
		if *j.SmartStatus.Passed {
			s.Health = HealthPassed
		}
	}
	if j.Temperature != nil {
		s.Temperature = j.Temperature.Current
	}
	if j.PowerOnTime != nil {
		s.PowerOnHours = j.PowerOnTime.Hours
	}
	// Older smartctl builds print an NVMe disk's figures only in its log.
	if j.NVMeLog != nil {
		if s.Temperature == nil {
			s.Temperature = j.NVMeLog.Temperature
		}
		if s.PowerOnHours == nil {
			s.PowerOnHours = j.NVMeLog.PowerOnHours
		}
	}
	if s.ExitStatus&0b111 != 0 && s.Health == HealthUnknown {
		return s, &SmartError{Device: s.Device, ExitStatus: s.ExitStatus, Messages: s.Messages}
	}
	return s, nil
}

// ReadSmart runs `smartctl -j -a device`. A non-zero exit is expected for
// disks with logged errors (the exit status is a bit mask), so the JSON
// decides; only an unreadable answer is an error.
func ReadSmart(ctx context.Context, r *execx.Runner, device string) (Smart, error) {
	if !strings.HasPrefix(device, "/dev/") || strings.Contains(device, "..") {
		return Smart{}, errors.New("smartctl: not a device path: " + device)
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "smartctl", Args: []string{"-j", "-a", device}})
	var ee *execx.ExitError
	if err != nil && (!errors.As(err, &ee) || ee.TimedOut || ctx.Err() != nil) {
		return Smart{}, err
	}
	if len(res.Stdout) == 0 {
		return Smart{}, err
	}
	s, perr := ParseSmart(res.Stdout)
	// smartctl names no device when it could not open it.
	if s.Device == "" {
		s.Device = device
	}
	var se *SmartError
	if errors.As(perr, &se) && se.Device == "" {
		se.Device = device
	}
	return s, perr
}
