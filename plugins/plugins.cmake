# Built-in plugins, one line each: tocsin_plugin(<folder> <ON|OFF>). Each folder defines
# tocsin::plugins::register_<folder>() returning its plugin_descriptor.
