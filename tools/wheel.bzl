"""py_wheel_package: a wheel made of the sources of some py_library targets and, for a
platform wheel, compiled libraries (the fused kernels)."""

def _py_wheel_package_impl(ctx):
    tag = "{}-{}-{}".format(ctx.attr.python_tag, ctx.attr.abi_tag, ctx.attr.platform_tag)
    out = ctx.actions.declare_file("{}-{}-{}.whl".format(
        ctx.attr.distribution,
        ctx.attr.version,
        tag,
    ))
    roots = [ctx.attr.package_root] + ctx.attr.extra_package_roots
    files = depset(transitive = [dep[PyInfo].transitive_sources for dep in ctx.attr.deps])
    lines = []
    for f in files.to_list():
        # Only this workspace's own files under the package root go into the wheel.
        if f.owner.workspace_name:
            continue
        if not [r for r in roots if f.short_path.startswith(r + "/")]:
            continue
        lines.append("{}\t{}".format(f.short_path, f.path))
    binaries = []
    for target in ctx.attr.binaries:
        for f in target[DefaultInfo].files.to_list():
            if f.short_path.endswith(".so"):
                lines.append("{}\t{}".format(f.short_path, f.path))
                binaries.append(f)
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
    args.add("--tag", tag)
    ctx.actions.run(
        executable = ctx.executable._builder,
        arguments = [args],
        inputs = depset([srcs_file] + binaries, transitive = [files]),
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
        # Other top-level packages whose sources go in (e.g. "kernels").
        "extra_package_roots": attr.string_list(),
        # Shared libraries placed at their workspace paths (a platform wheel).
        "binaries": attr.label_list(allow_files = [".so"]),
        "python_tag": attr.string(default = "py3"),
        "abi_tag": attr.string(default = "none"),
        "platform_tag": attr.string(default = "any"),
        "_builder": attr.label(
            default = "//tools:build_wheel",
            executable = True,
            cfg = "exec",
        ),
    },
)
