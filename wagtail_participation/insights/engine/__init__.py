"""The insights engine: pure Python (numpy and the optional ``[nlp]`` extra), no Django.

Texts in, vectors and themes out. The Django app stores what it computes; this package only computes.
"""
