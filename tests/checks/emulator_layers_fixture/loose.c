/* A source outside every layer folder. */
int emu_fixture_loose(void);

int emu_fixture_loose(void)
{
    return 0;
}
