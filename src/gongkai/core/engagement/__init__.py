"""Public engagement (互动交流): the rules of the agencies' message boxes, without Django.

See `messages`: the receipt day and reply due date on the official calendar, a message's timeliness status,
the 国办秘函〔2019〕19号 "valid message unanswered for more than 3 months" test, the writer's input checks and
the scrubber that removes personal data from text before it is published.
"""
