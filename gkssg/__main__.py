from gkssg.cli import run

run()
