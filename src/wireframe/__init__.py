"""wireframe: how news coverage frames a subject, across outlets and over time.

The modules follow the data flow: :mod:`wireframe.io` readers give a Story
table (:mod:`wireframe.schema`) and a LoadReport; :mod:`wireframe.datasets`
names the demo corpora; :mod:`wireframe.plots` draws and saves figures.
"""

__version__ = "0.1.0"
