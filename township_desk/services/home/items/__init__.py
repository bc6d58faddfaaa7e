"""The to-do providers, one module per subject (pNN_subject.py with items(ctx)); NN orders them."""
