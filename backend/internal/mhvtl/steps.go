package mhvtl

import (
	"fmt"
	"strconv"
)

// Step is one thing an administrator does to start the library; the
// commands are for a root shell, to be shown, not run by BAMS.
type Step struct {
	Title    string
	Commands []string
	Note     string
}

// DefaultConfDir is where mhvtl's daemons look for their files.
const DefaultConfDir = "/etc/mhvtl"

// StartSteps lists how to build mhvtl and start this library on a
// Debian machine. mhvtl is not in Debian: it is built from its source,
// kernel module included, so the running kernel's headers are needed and
// the kernel must allow loading modules (a container or a locked-down VM
// cannot run it).
func StartSteps(s Spec, confDir string) ([]Step, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if confDir == "" {
		confDir = DefaultConfDir
	}
	lib := strconv.Itoa(s.ID)
	var tapes []string
	for i := 1; i <= s.Drives; i++ {
		tapes = append(tapes, fmt.Sprintf("vtltape -q %d -v1", s.ID+i))
	}
	steps := []Step{
		{Title: "Install what mhvtl builds and is checked with",
			Commands: []string{"apt-get install -y --no-install-recommends build-essential git zlib1g-dev liblzo2-dev linux-headers-$(uname -r) sg3-utils mtx lsscsi mt-st"}},
		{Title: "Build and install mhvtl (user-space daemons, then the kernel module)",
			Commands: []string{"git clone https://github.com/markh794/mhvtl.git /usr/local/src/mhvtl",
				"make -C /usr/local/src/mhvtl && make -C /usr/local/src/mhvtl install",
				"make -C /usr/local/src/mhvtl/kernel && make -C /usr/local/src/mhvtl/kernel install"},
			Note: "make install creates the vtl user and group mhvtl's daemons run as."},
		{Title: "Write the configuration BAMS generated",
			Commands: []string{"mkdir -p " + confDir + " " + s.home(),
				"install -m 0644 device.conf " + confDir + "/device.conf",
				"install -m 0644 library_contents." + lib + " " + confDir + "/library_contents." + lib},
			Note: "Any other library_contents.N in " + confDir + " must match a Library in device.conf."},
		{Title: "Create the virtual cartridges named in library_contents." + lib,
			Commands: []string{"make_vtl_media --config-dir=" + confDir + " --home-dir=" + s.home() + " --create-dir --force"},
			Note:     "Without them, mtx load fails with a hardware error sense (mhvtl's INSTALL)."},
		{Title: "Load the kernel modules",
			Commands: []string{"modprobe mhvtl", "modprobe sg"}},
		{Title: "Start the library and its drives",
			Commands: append([]string{"systemctl start mhvtl.target"}, "# without systemd: vtllibrary -q "+lib+" -v1, then "+joinSemi(tapes)),
			Note:     "vtllibrary and vtltape background themselves unless given -F."},
		{Title: "Check it from the appliance",
			Commands: []string{"lsscsi -g", "mtx -f /dev/sgN status   # N: the mediumx line's sg node"},
			Note: fmt.Sprintf("lsscsi lists a mediumx %s %s and %d tape drives; mtx reports %d Drives, %d Slots ( %d Import/Export ), the mail slots being %d-%d.",
				changerVendor, changerProduct, s.Drives, s.Drives, s.Slots+s.MailSlots, s.MailSlots, s.Slots+1, s.Slots+s.MailSlots)},
	}
	if s.MailSlots == 0 {
		steps[len(steps)-1].Note = fmt.Sprintf("lsscsi lists a mediumx %s %s and %d tape drives; mtx reports %d Drives, %d Slots ( 0 Import/Export ).",
			changerVendor, changerProduct, s.Drives, s.Drives, s.Slots)
	}
	return steps, nil
}

func joinSemi(cmds []string) string {
	out := ""
	for i, c := range cmds {
		if i > 0 {
			out += "; "
		}
		out += c
	}
	return out
}
