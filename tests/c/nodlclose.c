/* nodlclose.c — preloaded in sanitizer runs only: Lua dlcloses C modules at exit, which
 * makes LeakSanitizer print "<unknown module>" instead of glean's function names. */
int dlclose(void *handle);
int dlclose(void *handle)
{
    (void)handle;
    return 0;
}
