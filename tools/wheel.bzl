"""py_wheel_package: a pure-Python wheel made of the sources of some py_library targets."""

def _py_wheel_package_impl(ctx):
    out = ctx.actions.declare_file("{}-{}-py3-none-any.whl".format(
        ctx.attr.distribution,
        ctx.attr.version,
    ))
    files = depset(transitive = [dep[PyInfo].transitive_sources for dep in ctx.attr.deps])
    lines = []
    for f in files.to_list():
        # Only this workspace's own files under the package root go into the wheel.
        if f.owner.workspace_name or not f.short_path.startswith(ctx.attr.package_root + "/"):
            continue
        lines.append("{}\t{}".format(f.short_path, f.path))
    srcs_file = ctx.actions.declare_file(ctx.label.name + ".srcs.txt")
    ctx.actions.write(srcs_file, "\n".join(lines) + "\n")
    args = ctx.actions.args()
    args.add("--out", out)
    args.add("--name", ctx.attr.distribution)
    args.add("--version", ctx.attr.version)
    args.add("--summary", ctx.attr.summary)
    for requirement in ctx.attr.requires:
        args.add("--requires", requirement)
    args.add("--srcs-file", srcs_file)
    ctx.actions.run(
        executable = ctx.executable._builder,
        arguments = [args],
        inputs = depset([srcs_file], transitive = [files]),
        outputs = [out],
        mnemonic = "PyWheel",
        progress_message = "Building wheel " + out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

py_wheel_package = rule(
    implementation = _py_wheel_package_impl,
    attrs = {
        "deps": attr.label_list(providers = [PyInfo]),
        "distribution": attr.string(mandatory = True),
        "version": attr.string(mandatory = True),
        "summary": attr.string(default = ""),
        "requires": attr.string_list(),
        "package_root": attr.string(default = "keras"),
        "_builder": attr.label(
            default = "//tools:build_wheel",
            executable = True,
            cfg = "exec",
        ),
    },
)
