"""The ImageNet weights Keras 3.15.1 publishes for the MobileNet, EfficientNet, ConvNeXt
and NASNet families: the file name in the Keras cache -> (its URL, its md5 or sha256
digest, None where Keras checks none). Read off Keras 3.15.1 by asking each builder for
`weights="imagenet"` with `get_file` intercepted."""

FILES = {
    "convnext_base.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_base.h5",
        '52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6',
    ),
    "convnext_base_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_base_notop.h5",
        '40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45',
    ),
    "convnext_large.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_large.h5",
        '070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6',
    ),
    "convnext_large_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_large_notop.h5",
        '96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd',
    ),
    "convnext_small.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_small.h5",
        'ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c',
    ),
    "convnext_small_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_small_notop.h5",
        '6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab',
    ),
    "convnext_tiny.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_tiny.h5",
        '8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff',
    ),
    "convnext_tiny_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_tiny_notop.h5",
        'd547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1',
    ),
    "convnext_xlarge.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_xlarge.h5",
        'c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee',
    ),
    "convnext_xlarge_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/convnext/convnext_xlarge_notop.h5",
        'de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05',
    ),
    "efficientnetb0.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb0.h5",
        '902e53a9f72be733fc0bcb005b3ebbac',
    ),
    "efficientnetb0_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5",
        '50bc09e76180e00e4465e1a485ddc09d',
    ),
    "efficientnetb1.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb1.h5",
        '1d254153d4ab51201f1646940f018540',
    ),
    "efficientnetb1_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb1_notop.h5",
        '74c4e6b3e1f6a1eea24c589628592432',
    ),
    "efficientnetb2.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb2.h5",
        'b15cce36ff4dcbd00b6dd88e7857a6ad',
    ),
    "efficientnetb2_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb2_notop.h5",
        '111f8e2ac8aa800a7a99e3239f7bfb39',
    ),
    "efficientnetb3.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb3.h5",
        'ffd1fdc53d0ce67064dc6a9c7960ede0',
    ),
    "efficientnetb3_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb3_notop.h5",
        'af6d107764bb5b1abb91932881670226',
    ),
    "efficientnetb4.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb4.h5",
        '18c95ad55216b8f92d7e70b3a046e2fc',
    ),
    "efficientnetb4_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb4_notop.h5",
        'ebc24e6d6c33eaebbd558eafbeedf1ba',
    ),
    "efficientnetb5.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb5.h5",
        'ace28f2a6363774853a83a0b21b9421a',
    ),
    "efficientnetb5_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb5_notop.h5",
        '38879255a25d3c92d5e44e04ae6cec6f',
    ),
    "efficientnetb6.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb6.h5",
        '165f6e37dce68623721b423839de8be5',
    ),
    "efficientnetb6_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb6_notop.h5",
        '9ecce42647a20130c1f39a5d4cb75743',
    ),
    "efficientnetb7.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb7.h5",
        '8c03f828fec3ef71311cd463b6759d99',
    ),
    "efficientnetb7_notop.h5": (
        "https://storage.googleapis.com/keras-applications/efficientnetb7_notop.h5",
        'cbcfe4450ddf6f3ad90b1b398090fe4a',
    ),
    "efficientnetv2-b0.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b0.h5",
        '21ecbf6da12460d5c40bb2f29ceb2188',
    ),
    "efficientnetv2-b0_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b0_notop.h5",
        '893217f2bb855e2983157299931e43ff',
    ),
    "efficientnetv2-b1.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b1.h5",
        '069f0534ff22adf035c89e2d9547a9dc',
    ),
    "efficientnetv2-b1_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b1_notop.h5",
        '0e80663031ca32d657f9caa404b6ec37',
    ),
    "efficientnetv2-b2.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b2.h5",
        '424e49f28180edbde1e94797771950a7',
    ),
    "efficientnetv2-b2_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b2_notop.h5",
        '1dfe2e7a5d45b6632553a8961ea609eb',
    ),
    "efficientnetv2-b3.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b3.h5",
        '1f1fc43bd98a6e4fd8fdfd551e02c7a0',
    ),
    "efficientnetv2-b3_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-b3_notop.h5",
        'f6abf7b5849ac99a89b50dd3fd532856',
    ),
    "efficientnetv2-l.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-l.h5",
        '27e6d408b53c7ebc868fefa357689935',
    ),
    "efficientnetv2-l_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-l_notop.h5",
        'b0b66b5c863aef5b46e8608fe1711615',
    ),
    "efficientnetv2-m.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-m.h5",
        'a3bf6aa3276309f4fc6a34aa114c95cd',
    ),
    "efficientnetv2-m_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-m_notop.h5",
        '1b8dc055df72dde80d614482840fe342',
    ),
    "efficientnetv2-s.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-s.h5",
        'e1d88a8495beba45748fedd0cecbe016',
    ),
    "efficientnetv2-s_notop.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/efficientnetv2-s_notop.h5",
        'af0682fb74e8c54910f2d4393339c070',
    ),
    "mobilenet_1_0_224_tf.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/mobilenet_1_0_224_tf.h5",
        None,
    ),
    "mobilenet_1_0_224_tf_no_top.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/mobilenet_1_0_224_tf_no_top.h5",
        None,
    ),
    "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
        None,
    ),
    "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
        None,
    ),
    "nasnet_large.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/NASNet-large.h5",
        '11577c9a518f0070763c2b964a382f17',
    ),
    "nasnet_large_no_top.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/NASNet-large-no-top.h5",
        'd81d89dc07e6e56530c4e77faddd61b5',
    ),
    "nasnet_mobile.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/NASNet-mobile.h5",
        '020fb642bf7360b370c678b08e0adf61',
    ),
    "nasnet_mobile_no_top.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/NASNet-mobile-no-top.h5",
        '1ed92395b5b598bdda52abe5c0dbfd63',
    ),
    "weights_mobilenet_v3_large_224_1.0_float.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/weights_mobilenet_v3_large_224_1.0_float.h5",
        '59e551e166be033d707958cf9e29a6a7',
    ),
    "weights_mobilenet_v3_large_224_1.0_float_no_top_v2.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/weights_mobilenet_v3_large_224_1.0_float_no_top_v2.h5",
        '07fb09a5933dd0c8eaafa16978110389',
    ),
    "weights_mobilenet_v3_small_224_1.0_float.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/weights_mobilenet_v3_small_224_1.0_float.h5",
        '8768d4c2e7dee89b9d02b2d03d65d862',
    ),
    "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5": (
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5",
        'd3e8ec802a04aa4fc771ee12a9a9b836',
    ),
}


def find(fname):
    """(cache file name, URL, hash) of the published file `fname` names: its name in
    the cache or the last part of its URL; None when Keras publishes no such file."""
    if fname in FILES:
        return (fname,) + FILES[fname]
    for name, (url, digest) in FILES.items():
        if url.rsplit("/", 1)[-1] == fname:
            return name, url, digest
    return None
