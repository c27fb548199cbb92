# assets.mk — pictogram contact sheets: `make pictogram-sheet` renders every pictogram at
# 90 px (about 15 mm on a kiosk panel) into $(BUILD)/pictograms/sheet-90.png and a
# black-on-white sheet-90-mono.png, to look at after every change to assets/pictograms.
.PHONY: pictogram-sheet
pictogram-sheet:
	assets/contact-sheet.sh $(BUILD)/pictograms 90
