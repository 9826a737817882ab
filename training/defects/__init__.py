"""Realistic defect injection: one module per dimension, each with several independent variants.

Every `inject(rng, text, product)` returns the defective text and the name of the variant used,
or None when the defect cannot be applied to this product (e.g. no colour to contradict).
"""
