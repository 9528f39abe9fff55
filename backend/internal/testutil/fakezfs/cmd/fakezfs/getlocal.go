package main

import (
	"fmt"
	"sort"
	"strings"
)

// getLocal: `zfs get -H -p -s local -o name,value [-r [-d N]] [-t types]
// prop [root]`, the properties set on the datasets themselves (never the
// inherited ones), which is how bamsd tells a snapshot BAMS made (its own
// bams:owner) from one that only inherits its dataset's.
func (f *fake) getLocal(opts map[string][]string, rest []string) int {
	if strings.Join(opts["s"], ",") != "local" || strings.Join(opts["o"], ",") != "name,value" || len(rest) < 1 || len(rest) > 2 {
		return f.fail(2, "fakezfs: get -s supports only -s local -o name,value prop [root]")
	}
	prop := rest[0]
	types := strings.Split(strings.Join(opts["t"], ","), ",")
	if len(opts["t"]) == 0 {
		types = []string{"filesystem", "volume", "snapshot"}
	}
	_, recursive := opts["r"]
	var names []string
	for n, d := range f.st.Datasets {
		if !contains(types, "all") && !contains(types, d.Type) {
			continue
		}
		if len(rest) == 2 {
			root := rest[1]
			if n != root && !(recursive && (strings.HasPrefix(n, root+"/") || strings.HasPrefix(n, root+"@"))) {
				continue
			}
			if d := opts["d"]; len(d) > 0 && !withinDepth(root, n, d[0]) {
				continue
			}
		}
		if v, src := f.prop(n, prop); src == "local" {
			names = append(names, n+"\t"+v)
		}
	}
	if len(rest) == 2 && f.st.Datasets[rest[1]] == nil {
		return f.fail(1, "cannot open '%s': dataset does not exist", rest[1])
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(&f.out, n)
	}
	return 0
}
