from gkssg.cli import main

main()
