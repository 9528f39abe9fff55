package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var lineErr = regexp.MustCompile(`line (\d+): (.*)`)

// nameKeys rewrites yaml.v3's "line N: ..." errors so each names the dotted
// key on that line ("polkit.cache_ttl: ..."), which is what an operator
// looks for in the file.
func nameKeys(src []byte, err error) error {
	var root yaml.Node
	if yaml.NewDecoder(bytes.NewReader(src)).Decode(&root) != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	keys := map[int]string{}
	collectKeys(&root, "", keys)
	var msgs []string
	for _, line := range strings.Split(err.Error(), "\n") {
		m := lineErr.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		detail := m[2]
		if strings.Contains(detail, "not found in type") {
			detail = "unknown key"
		}
		if k, ok := keys[n]; ok {
			msgs = append(msgs, fmt.Sprintf("%s: %s (line %d)", k, detail, n))
		} else {
			msgs = append(msgs, fmt.Sprintf("line %d: %s", n, detail))
		}
	}
	if len(msgs) == 0 {
		return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return errors.New(strings.Join(msgs, "; "))
}

// collectKeys maps the line of every mapping key (and of its value, where
// a decoding error points) to its dotted path.
func collectKeys(n *yaml.Node, prefix string, out map[int]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			collectKeys(c, prefix, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			path := k.Value
			if prefix != "" {
				path = prefix + "." + k.Value
			}
			out[k.Line] = path
			if v.Kind == yaml.MappingNode {
				collectKeys(v, path, out)
			} else {
				out[v.Line] = path
			}
		}
	}
}
