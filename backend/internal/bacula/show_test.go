package bacula

import (
	"slices"
	"testing"
)

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{"test-fd": true, "Vol-0001": true, "a:b.c_d": true,
		"": false, "-opt": false, "a b": false, "a=b": false, `a"b`: false, "é": false} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v", name, got)
		}
	}
}

func TestParseClientResources(t *testing.T) {
	got := ParseClientResources(recorded(t, "show_clients.txt", "show clients"))
	want := []ClientResource{{Name: "test-fd", Enabled: true, Address: "127.0.0.1", Port: 19102, MaxJobs: 1, AutoPrune: true}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	// A second client; a referenced resource's words are not the client's.
	two := "Client: Name=a-fd Enabled=0 Address=10.0.0.1 FDport=9102 MaxJobs=2 NumJobs=0\n" +
		"      JobRetention=6 months  FileRetention=2 months  AutoPrune=0\n" +
		"  --> Catalog: name=C address=*None* DBport=0 db_name=bacula\n      AutoPrune=1 Enabled=1\n" +
		"Client: Name=b-fd Enabled=1 Address=b.example FDport=9112 MaxJobs=1 NumJobs=0\n"
	want = []ClientResource{{Name: "a-fd", Address: "10.0.0.1", Port: 9102, MaxJobs: 2},
		{Name: "b-fd", Enabled: true, Address: "b.example", Port: 9112, MaxJobs: 1}}
	if got := ParseClientResources(two); !slices.Equal(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestParseStorageResources(t *testing.T) {
	got := ParseStorageResources(recorded(t, "show_storages.txt", "show storages"))
	want := []StorageResource{{Name: "File", Address: "127.0.0.1", Port: 19103, Device: "FileDev", MediaType: "File"}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	// Plus a changer storage, as a second resource.
	show := `Storage: name=File address=127.0.0.1 SDport=19103 MaxJobs=10 NumJobs=0
      DeviceName=FileDev MediaType=File StorageId=1 Autochanger=0
Storage: name=Tape address=sd2.example SDport=9103 MaxJobs=1 NumJobs=0
      DeviceName=Changer MediaType=LTO-8 StorageId=2 Autochanger=1
`
	want = append(want, StorageResource{Name: "Tape", Address: "sd2.example", Port: 9103, Device: "Changer", MediaType: "LTO-8", Autochanger: true})
	if got := ParseStorageResources(show); !slices.Equal(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}
