"""``python -m careerpath``."""

from careerpath.cli.app import main

if __name__ == "__main__":
    main()
