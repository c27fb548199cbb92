# deploy.mk — `make install` and `make deb`: the kiosk, its tools, fonts, the default
# pack, the systemd unit, the commented config and wegwijs-deploy (the lock-down script).
#
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/root] [SYSCONFDIR=/etc]
#   make deb                    → $(BUILD)/wegwijs_VERSION_ARCH.deb (PREFIX=/usr)
#
# Nothing here rebuilds with other flags: install copies what `make` built into $(BUILD).

PREFIX     ?= /usr/local
DESTDIR    ?=
SYSCONFDIR ?= /etc
STATEDIR   ?= /var/lib/wegwijs
BINDIR      = $(PREFIX)/bin
DATADIR     = $(PREFIX)/share/wegwijs
# systemd reads /lib/systemd/system (Debian's /usr) and /usr/local/lib/systemd/system.
UNITDIR    ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
DEPLOY      = tools/deploy
DEB_ARCH   := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB_FILE    = $(BUILD)/wegwijs_$(VERSION)_$(DEB_ARCH).deb
DEB_ROOT    = $(BUILD)/deb/root
# Installed only when `make demo-pack` made them (the pack area owns that target).
DEMO_PACK   = $(wildcard $(BUILD)/demo.wwpack)

# tools/deploy/ holds no C, so the generic tools rule would link an empty program:
# build/wegwijs-deploy is the lock-down script instead (an explicit rule wins).
$(BUILD)/wegwijs-deploy: $(DEPLOY)/wegwijs-deploy.sh
	@mkdir -p $(@D)
	install -m 0755 $< $@

.PHONY: install deb
install: $(BUILD)/wegwijs $(TOOL_BINS) $(FONT_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/packs \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/wegwijs $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(BUILD)/wegwijs $(TOOL_BINS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(filter %.1,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(FONT_FILES) $(DESTDIR)$(DATADIR)/fonts/
	$(if $(DEMO_PACK),install -m 0644 $(DEMO_PACK) $(DEMO_PACK).minisig $(DESTDIR)$(DATADIR)/packs/)
	$(if $(wildcard $(BUILD)/demo.pub),install -m 0644 $(BUILD)/demo.pub $(DESTDIR)$(DATADIR)/packs/)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	    -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g' \
	    $(DEPLOY)/wegwijs.service.in > $(DESTDIR)$(UNITDIR)/wegwijs.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/wegwijs.service
	install -m 0644 $(DEPLOY)/README.md $(DESTDIR)$(DATADIR)/README-deploy.md
	@# A live config is never overwritten: the new template goes next to it.
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/wegwijs/kiosk.conf ] && [ -z "$(DEB_BUILDING)" ]; then \
	  install -m 0644 $(DEPLOY)/kiosk.conf $(DESTDIR)$(SYSCONFDIR)/wegwijs/kiosk.conf.new; \
	  echo "install: kept $(DESTDIR)$(SYSCONFDIR)/wegwijs/kiosk.conf; new template is kiosk.conf.new"; \
	else \
	  install -m 0644 $(DEPLOY)/kiosk.conf $(DESTDIR)$(SYSCONFDIR)/wegwijs/kiosk.conf; \
	fi
	@# The state folder (user wegwijs) is made by the package's postinst, not here.

# The package: install into a clean root, compute Depends from the ELF files with
# dpkg-shlibdeps (it wants a debian/control, so it runs in a scratch folder), build
# with root:root ownership. libcurl4 is named by hand: the kiosk loads it with dlopen
# only when a sync URL is configured (app/checkin/sync.c), so shlibdeps cannot see it.
deb: $(BUILD)/wegwijs $(TOOL_BINS) $(FONT_FILES)
	rm -rf $(BUILD)/deb $(DEB_FILE)
	$(MAKE) --no-print-directory install DEB_BUILDING=1 PREFIX=/usr SYSCONFDIR=/etc \
	    DESTDIR=$(abspath $(DEB_ROOT))
	gzip -9n $(DEB_ROOT)/usr/share/man/man*/*   # Debian policy 12.1: compressed, no timestamp
	install -d -m 0755 $(DEB_ROOT)/DEBIAN $(BUILD)/deb/shlibs/debian
	printf 'Source: wegwijs\n\nPackage: wegwijs\nArchitecture: any\n' > $(BUILD)/deb/shlibs/debian/control
	cd $(BUILD)/deb/shlibs && dpkg-shlibdeps -O -e$(abspath $(DEB_ROOT))/usr/bin/wegwijs \
	    $(foreach b,$(notdir $(TOOL_BINS)),-e$(abspath $(DEB_ROOT))/usr/bin/$(b)) 2>/dev/null \
	    | sed -n 's/^shlibs:Depends=//p' > ../depends
	test -s $(BUILD)/deb/depends
	install -m 0755 $(DEPLOY)/debian/postinst $(DEPLOY)/debian/prerm $(DEPLOY)/debian/postrm $(DEB_ROOT)/DEBIAN/
	install -m 0644 $(DEPLOY)/debian/conffiles $(DEB_ROOT)/DEBIAN/
	sed -e 's|@VERSION@|$(VERSION)|' -e 's|@ARCH@|$(DEB_ARCH)|' \
	    -e "s|@DEPENDS@|$$(cat $(BUILD)/deb/depends), libcurl4, fonts-noto-core, passwd, systemd|" \
	    -e "s|@SIZE@|$$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)|" \
	    $(DEPLOY)/debian/control.in > $(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz -z3 --build $(DEB_ROOT) $(DEB_FILE) >/dev/null
	@echo "deb: $(DEB_FILE)"
