"""The tabs of the main window: each module tNN_subject.py has TAB_CLASS; NN orders the tabs."""
