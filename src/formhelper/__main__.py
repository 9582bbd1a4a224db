from formhelper.cli import main

raise SystemExit(main())
