"""Ken Burns straight into the encoder's I420 planes, for frames that show one photo alone.

Most frames of a slideshow are one photo moving, with no transition and no
text. Warping the photo's Y, U and V planes (1.5 bytes a pixel) costs far less
than warping RGBX (4 bytes) and converting the result, and the colours match
the RGB path because the conversion is linear and done once per photo.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from diapo.render.kenburns import Motion, affine_for

__all__ = ["Planes", "to_planes", "warp_i420"]

U8 = npt.NDArray[np.uint8]


class Planes:
    """A photo as I420 planes, with its size before padding to even."""

    __slots__ = ("h", "u", "v", "w", "y")

    def __init__(self, y: U8, u: U8, v: U8, w: int, h: int) -> None:
        self.y, self.u, self.v, self.w, self.h = y, u, v, w, h


def to_planes(rgb: U8) -> Planes:
    """Convert an RGB or RGBX photo once; odd sizes are padded by repeating the edge."""
    h, w = rgb.shape[:2]
    pad_b, pad_r = h % 2, w % 2
    img = rgb
    if pad_b or pad_r:
        img = np.asarray(
            cv2.copyMakeBorder(rgb, 0, pad_b, 0, pad_r, cv2.BORDER_REPLICATE), np.uint8
        )
    code = cv2.COLOR_RGBA2YUV_I420 if img.shape[2] == 4 else cv2.COLOR_RGB2YUV_I420
    i420 = np.asarray(cv2.cvtColor(img, code), np.uint8)
    hh, ww = img.shape[:2]
    y = np.ascontiguousarray(i420[:hh])
    chroma = i420[hh:].reshape(-1)
    quarter = (hh // 2) * (ww // 2)
    u = np.ascontiguousarray(chroma[:quarter].reshape(hh // 2, ww // 2))
    v = np.ascontiguousarray(chroma[quarter:].reshape(hh // 2, ww // 2))
    return Planes(y, u, v, w, h)


def warp_i420(planes: Planes, motion: Motion, t: float, out: U8) -> U8:
    """Write the frame at progress `t` into `out`, an (H*3/2, W) I420 buffer."""
    h = out.shape[0] * 2 // 3
    w = out.shape[1]
    m = affine_for(planes.w, planes.h, w, h, motion, t)
    cv2.warpAffine(
        planes.y, m, (w, h), dst=out[:h], flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
    )
    # The same mapping between half-resolution pixel centres: x = 2 * x_half + 0.5.
    s = m[0, 0]
    mh = np.array(
        [[s, 0.0, (0.5 * s + m[0, 2] - 0.5) / 2], [0.0, s, (0.5 * s + m[1, 2] - 0.5) / 2]],
        dtype=np.float64,
    )
    chroma = out[h:].reshape(-1)
    quarter = (h // 2) * (w // 2)
    u_out = chroma[:quarter].reshape(h // 2, w // 2)
    v_out = chroma[quarter:].reshape(h // 2, w // 2)
    for src, dst in ((planes.u, u_out), (planes.v, v_out)):
        result = cv2.warpAffine(
            src, mh, (w // 2, h // 2), dst=dst, flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT,
        )  # fmt: skip
        if result is not dst and not np.shares_memory(result, dst):
            dst[...] = result
    return out
