{
  "targets": [
    {
      "target_name": "greenfiber",
      "sources": [
        "native/addon.c",
        "native/args.c",
        "native/address.c",
        "native/registry.c",
        "native/syscalls.c",
        "native/inet.c",
        "native/names.c",
        "native/constants.c",
        "native/tls.c"
      ],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "conditions": [
        ["OS=='mac'", {
          "xcode_settings": {
            "OTHER_CFLAGS": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden"]
          }
        }]
      ]
    }
  ]
}
