// bamsd is the BAMS daemon: the API on a Unix socket, run as root.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"

	"bams/backend/internal/config"
	"bams/backend/internal/daemon"
	"bams/backend/internal/sandbox"
	"bams/backend/internal/version"
)

func main() {
	// bamsd re-executes itself to start a tool under Landlock (see package sandbox).
	if len(os.Args) > 1 && os.Args[1] == sandbox.Verb {
		sandbox.Main(os.Args[2:])
	}
	path := flag.String("config", config.DefaultPath, "configuration file")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("bamsd", version.Version)
		return
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bamsd:", err)
		os.Exit(2)
	}
	log := newLogger(cfg)
	slog.SetDefault(log)
	if err := daemon.Run(cfg, log); err != nil {
		log.Error("bamsd failed", "err", err)
		fmt.Fprintln(os.Stderr, "bamsd:", err)
		os.Exit(1)
	}
}

func newLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
