# checkin.mk — the check-in area: the long crash loops for `make soak` (the parsers'
# libFuzzer target is in fuzz.mk).

soak-run:: $(BUILD)/tests/test_checkin_crash
	WEGWIJS_SOAK=1 $(BUILD)/tests/test_checkin_crash
