# Built-in plugins, one line each: tocsin_plugin(<folder> <ON|OFF>). Each folder defines
# tocsin::plugins::register_<folder>() returning its plugin_descriptor.
tocsin_plugin(incidents ON)
tocsin_plugin(relations ON)
tocsin_plugin(alerts ON)
tocsin_plugin(entities ON)
tocsin_plugin(util ON)
tocsin_plugin(http ON)
tocsin_plugin(notify ON)
tocsin_plugin(watchlists ON)
