"""A seeded corpus of realistic /etc/network/interfaces files, and the measurement of netwizard on it.

    python -m tests.corpus write DIR [--count 600] [--seed 0]
    python -m tests.corpus measure DIR [--proxmox OUTDIR] [--ifupdown2] [--show N]

`generate.corpus_file(seed)` makes one file; the same seed always gives the same bytes.
The corpus lives outside the repository: only the generator is kept, so figures can be
reproduced anywhere without committing hundreds of files.
"""
