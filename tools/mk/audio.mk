# audio.mk — read-aloud audio: how long cold speech generation takes (make bench), and
# the player's test in a longer form (make soak). Included by the top-level Makefile.

# Speech for one language (Dutch, every page and the check-in) with an empty cache, on
# 1 and on 2 threads, then warm: the numbers behind the cache and the route-only packs
# that tests/run.sh asks for.
bench-run:: $(BUILD)/wegwijs-pack
	@t=$$(mktemp -d /tmp/wegwijs-audio-bench-XXXXXX); cp -r content "$$t/c"; \
	grep -P '^nl\t' content/languages.tsv > "$$t/c/languages.tsv"; \
	for j in 1 2; do \
	  s=$$(date +%s.%N); $(BUILD)/wegwijs-pack build "$$t/c" --assets assets/pictograms -o "$$t/p.wwpack" \
	    --audio all --audio-cache "$$t/cache$$j" --jobs $$j | grep '^audio:'; \
	  echo "audio-bench: nl cold, $$j thread(s): $$(echo "$$(date +%s.%N) - $$s" | bc) s wall"; \
	done; \
	s=$$(date +%s.%N); $(BUILD)/wegwijs-pack build "$$t/c" --assets assets/pictograms -o "$$t/p.wwpack" \
	  --audio all --audio-cache "$$t/cache2" --jobs 2 >/dev/null; \
	echo "audio-bench: nl warm: $$(echo "$$(date +%s.%N) - $$s" | bc) s wall"; rm -rf "$$t"

# The player's test again and again (disk driver, damaged clips, stop, replace).
soak-run:: $(BUILD)/tests/test_audio
	@for i in $$(seq 1 20); do BUILD=$(BUILD) $(BUILD)/tests/test_audio 2>/dev/null | tail -n 1; done | sort | uniq -c
