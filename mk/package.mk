# .deb and .rpm packages (packaging/nfpm.yaml), built into dist/, and the
# package test, the last stage of `make test`.

.PHONY: deb rpm test-package

# nfpm names its files by version: drop the previous build's, so dist/ holds
# exactly one package per format (the test installs dist/bams_*.deb).
deb: OLD_PACKAGES := dist/bams_*.deb
rpm: OLD_PACKAGES := dist/bams-*.rpm

deb rpm: build plugin dist/completion/bamsctl.bash
	@test -f cockpit/dist/manifest.json || { echo "cockpit/dist/ is missing: \`make plugin\` did not build the plugin"; exit 1; }
	rm -f $(OLD_PACKAGES)
	VERSION=$$(packaging/version.sh) ARCH=$$($(GO) env GOARCH) \
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
		$(GO) tool nfpm package --config packaging/nfpm.yaml --packager $@ --target dist/

dist/completion/bamsctl.bash: build
	@mkdir -p $(@D)
	$(BIN)/bamsctl completion bash >$@

test-package: deb rpm
	bash test/package/run.sh

test-after-go: test-package
