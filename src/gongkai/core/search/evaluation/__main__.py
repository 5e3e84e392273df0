from gongkai.core.search.evaluation import main

main()
