package store

import (
	"testing"

	"bams/backend/api"
)

func TestNotifyQueueIsBoundedAndFollowsItsTarget(t *testing.T) {
	s := open(t)
	for _, name := range []string{"ops", "hook"} {
		if err := s.PutNotifyTarget(api.NotifyTarget{Name: name, Kind: api.NotifyWebhook}); err != nil {
			t.Fatal(err)
		}
	}
	var list []api.Notification
	for i := 0; i < 5; i++ {
		list = append(list, api.Notification{Target: []string{"ops", "hook"}[i%2], Event: api.AlertRaised})
	}
	if dropped, err := s.QueueNotifications(list, 4); err != nil || dropped != 1 {
		t.Fatalf("dropped %d, %v", dropped, err)
	}
	got, total, _ := s.QueuedNotifications(10)
	if total != 4 || got[0].ID != "2" {
		t.Fatalf("queue %+v (total %d): the oldest should have gone", got, total)
	}
	got[0].Attempts = 3
	if err := s.UpdateNotification(got[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteNotifyTarget("ops"); err != nil {
		t.Fatal(err)
	}
	got, total, _ = s.QueuedNotifications(10)
	if total != 2 || got[0].Target != "hook" || got[0].Attempts != 3 {
		t.Fatalf("after deleting ops: %+v", got)
	}
	if err := s.DeleteNotifyTarget("ops"); err != ErrNotFound {
		t.Fatalf("second delete: %v", err)
	}
	if err := s.DeleteNotification(got[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateNotification(got[0]); err != ErrNotFound {
		t.Fatalf("update of a delivered notification: %v", err)
	}
}
