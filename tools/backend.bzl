"""The backend build setting: which engine `bazel test` runs the suite on."""

BACKENDS = ["numpy", "jax", "torch", "tensorflow", "openvino"]

BackendInfo = provider(fields = ["name"])

def _backend_flag_impl(ctx):
    value = ctx.build_setting_value
    if value not in BACKENDS:
        fail("--//tools:backend={} is not a backend; expected one of {}".format(
            value,
            ", ".join(BACKENDS),
        ))
    return [BackendInfo(name = value)]

backend_flag = rule(
    implementation = _backend_flag_impl,
    build_setting = config.string(flag = True),
)
