# man.mk — manual pages: every NAME.SECTION.scd under app/ and tools/ (kept next to the
# code it documents) becomes $(BUILD)/man/NAME.SECTION with scdoc. deploy.mk installs
# them into $(MANDIR)/manSECTION; tests/t_man.sh renders each one with man --warnings.

MAN_SRC   := $(shell find app tools -name '*.scd' 2>/dev/null)
MAN_PAGES := $(sort $(patsubst %.scd,$(BUILD)/man/%,$(notdir $(MAN_SRC))))
MANDIR     = $(PREFIX)/share/man
vpath %.scd $(sort $(dir $(MAN_SRC)))

.PHONY: man
man: $(MAN_PAGES)
all: $(MAN_PAGES)

$(BUILD)/man/%: %.scd
	@mkdir -p $(@D)
	scdoc < $< > $@.tmp && mv $@.tmp $@

# deploy.mk's recipes install $(MAN_PAGES); this file is read after it, so the
# prerequisites are added here.
install deb: $(MAN_PAGES)
