package baculasvc

import (
	"context"
	"errors"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
)

// AlertConditions asks the director for its version: one that does not
// answer (down, wrong console password, no reply in time) is an alert.
func (s *Service) AlertConditions(ctx context.Context) ([]api.AlertCondition, error) {
	_, err := s.command(ctx, "version")
	return directorConditions(err)
}

// directorConditions reads the answer to the check. An appliance without
// bconsole has no Bacula to watch: that is no alert. Any other failure is
// the check's own (the engine raises check-failed for it).
func directorConditions(err error) ([]api.AlertCondition, error) {
	var missing *execx.MissingError
	if err == nil || errors.As(err, &missing) {
		return nil, nil
	}
	var be *bacula.Error
	if errors.As(err, &be) && (be.Kind == bacula.DirectorUnreachable || be.Kind == bacula.Timeout) {
		return []api.AlertCondition{{Class: "director-unreachable", Subject: "bacula/director", Level: api.AlertCritical,
			Text: be.Error()}}, nil
	}
	return nil, err
}
