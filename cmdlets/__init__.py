"""Every command pyshell has, one folder a module, as PowerShell's modules: `core`, `utility`,
`hyperv` and `memorylab`. Each declares its cmdlets, aliases, types and format views as data
(`MODULE`, or a `manifest.MANIFEST` for modules loaded on first use) and is found through the
`pyshell.modules` entry points."""
