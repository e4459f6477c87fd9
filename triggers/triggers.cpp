namespace tocsin::triggers {
void register_builtin_triggers() {}
}  // namespace tocsin::triggers
