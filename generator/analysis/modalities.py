"""Tell what kind of data each paper works on (speech, images, 3D, text, ...), from its words.

Two papers about the same idea on different kinds of data (speech and image super-resolution,
domain adaptation for speech recognition and for image segmentation) share words but not
readers: related.py lowers the score of a pair whose papers both name a modality and share none.
A paper names a modality when its title uses one of the modality's terms or its abstract uses
them MIN_USES times: a passing mention ("unlike speech, images ...") is not what a paper is about.
A paper may name several ("text-to-image" names text and image) or none (a theory paper); a
paper naming none is never penalised.

The terms are keys of the term index (terms.py: case folded, singular, compounds joined,
"point cloud" a bigram).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .terms import Terms

MODALITIES: dict[str, tuple[str, ...]] = {
    "speech and audio": (
        "speech",
        "audio",
        "sound",
        "acoustic",
        "asr",
        "spoken",
        "speaker",
        "music",
        "vocoder",
        "voice",
        "melspectrogram",
        "waveform",
        "tts",
    ),
    "images": ("image", "photo", "photograph", "pixel"),
    "video": ("video",),
    "3D": ("3d", "point cloud", "mesh", "nerf", "lidar", "voxel"),
    "text": ("text", "sentence", "language model", "llm", "translation", "nlp"),
    "graphs": ("gnn", "graph neural", "node classification"),
    "tables": ("tabular",),
    "time series": ("time series", "timeseries"),
    "molecules": ("molecule", "molecular", "protein", "drug"),
}
MIN_USES = 2  # uses in an abstract that make a modality the paper's own (a title use counts this many)


def modalities(found: Terms) -> sp.csr_matrix:
    """Return a papers x MODALITIES 0/1 matrix: 1 where the paper names the modality.

    found is the term index of the papers' fields in the order title, abstract, ... (related.py's).
    """
    title, abstract = found.counts[0], found.counts[1]
    column = {name: c for c, name in enumerate(found.names)}
    uses = sp.csr_matrix(MIN_USES * title + abstract)
    n = uses.shape[0]
    picks = []
    for terms in MODALITIES.values():
        cols = [column[t] for t in terms if t in column]
        total = np.asarray(uses[:, cols].sum(axis=1)).ravel() if cols else np.zeros(n)
        picks.append(total >= MIN_USES)
    return sp.csr_matrix(np.column_stack(picks).astype(np.float64)) if picks else sp.csr_matrix((n, 0))
