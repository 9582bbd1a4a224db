from formhelper.cli import run

run()
