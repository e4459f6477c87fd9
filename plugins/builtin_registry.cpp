// Filled in by the plugin registry work: registers each enabled built-in plugin.
namespace tocsin::plugins {
void register_builtin_plugins() {}
}  // namespace tocsin::plugins
