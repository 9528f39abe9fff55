package bacula

import "testing"

func TestFirstResource(t *testing.T) {
	conf := `# bconsole.conf
Director {
  Name = test-dir   # the director
  DIR_Port = 19101; address = "127.0.0.1"
  Password = "secret"
}
Storage {
  Name = "File1"
  SD Port = 19103
  Device { Name = nested; SDPort = 1 }
}
Storage {
  Name = second
}
`
	d := FirstResource(conf, "director")
	if d["name"] != "test-dir" || d["dirport"] != "19101" || d["address"] != "127.0.0.1" {
		t.Fatalf("director %v", d)
	}
	s := FirstResource(conf, "Storage")
	if s["name"] != "File1" || s["sdport"] != "19103" {
		t.Fatalf("storage %v (a nested resource must not count)", s)
	}
	if FirstResource(conf, "Client") != nil {
		t.Fatal("no Client resource: want nil")
	}
}
