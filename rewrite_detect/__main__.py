"""python -m rewrite_detect"""

from rewrite_detect.cli import main

if __name__ == "__main__":
    main()
