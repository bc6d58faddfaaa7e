"""换届 and the cadre file: elections and terms of the village committees, 新任 computed from the post history,
the 换届 assistant, and one page per cadre (see terms, changeover, cadre_file, paper, excel)."""
