# The Cockpit plugin (cockpit/, built into cockpit/dist/) and its browser
# tests (test/e2e/), which drive a real Cockpit with Debian's chromium.

.PHONY: plugin test-plugin test-e2e devel-install devel-uninstall

PLUGIN_DEPS := cockpit/node_modules/.package-lock.json
E2E_DEPS := test/e2e/node_modules/.package-lock.json

# npm ci when a lock file exists (reproducible), install otherwise; redone
# only when package.json or the lock file changed.
$(PLUGIN_DEPS): cockpit/package.json $(wildcard cockpit/package-lock.json)
	cd cockpit && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

$(E2E_DEPS): test/e2e/package.json $(wildcard test/e2e/package-lock.json)
	cd test/e2e && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

plugin: $(PLUGIN_DEPS)
	cd cockpit && node build.js

# One test file at a time: they share the socket, port 19090 and the
# installed plugin. Screenshots (and a failed test's) land in artifacts/.
test-e2e: build plugin $(E2E_DEPS)
	rm -rf test/e2e/artifacts
	BAMS_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 test/e2e/

# The plugin's pure modules (escaping, byte paths) and its API paths checked
# against docs/api.md, without a browser.
test-plugin:
	node --test cockpit/test/

test-after-go: test-plugin test-e2e

# While developing: Cockpit also loads plugins from ~/.local/share/cockpit,
# so a rebuilt dist/ shows up on the next page load (node build.js --watch).
devel-install: plugin
	mkdir -p ~/.local/share/cockpit
	ln -sfn $(CURDIR)/cockpit/dist ~/.local/share/cockpit/bams

devel-uninstall:
	rm -f ~/.local/share/cockpit/bams
