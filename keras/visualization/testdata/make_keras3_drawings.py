"""Writes keras/visualization/testdata/keras3_drawings.npz with Keras 3.15.1 (and OpenCV)."""
import sys
import numpy as np, keras
from keras import visualization as V
rng = np.random.RandomState(0)
img = rng.randint(0, 255, (2, 32, 32, 3)).astype("float32")
boxes = np.array([[[2, 3, 12, 20], [15, 10, 30, 28]], [[0, 0, 31, 31], [5, 6, 9, 25]]], "float32")
labels = np.array([[0, 1], [1, -1]])
out = {"images": img, "boxes": boxes, "labels": labels}
for t in (1, 2):
    out[f"boxes_xyxy_t{t}"] = V.draw_bounding_boxes(img, {"boxes": boxes, "labels": labels}, "xyxy", color=(255, 0, 0), line_thickness=t)
xywh = boxes.copy(); xywh[..., 2:] -= xywh[..., :2]
out["boxes_xywh"] = xywh
out["boxes_xywh_t2"] = V.draw_bounding_boxes(img, {"boxes": xywh, "labels": labels}, "xywh", line_thickness=2)
masks = rng.randint(-1, 4, (2, 32, 32, 1))
out["masks"] = masks
out["seg_default"] = V.draw_segmentation_masks(img, masks, num_classes=4)
out["seg_alpha"] = V.draw_segmentation_masks(img, masks, num_classes=4, alpha=0.3, color_mapping={0: (0, 0, 255), 1: (255, 0, 0), 2: (0, 255, 0), 3: (9, 99, 199)})
out["seg_noblend"] = V.draw_segmentation_masks(img, masks, num_classes=4, blend=False, ignore_index=2)
np.savez_compressed(sys.argv[1], **out)
