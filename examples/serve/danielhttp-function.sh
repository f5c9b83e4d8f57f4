#!/bin/sh
# A stand-in for the founding example's Lambda function (corpus/danielhttp), for
# `apigw-vtl serve --lambda-command`: it reads the event the request template built
# ({"GUID":"..."}) on standard input and answers what the article's Python function handed
# API Gateway, recorded in corpus/danielhttp/lambda/: a function error (exit status 1, the
# error payload on standard output) for GUID Exception, RaisedException and Error, else the
# successful result.
#
#   apigw-vtl serve --api corpus/danielhttp/api.openapi.yaml \
#       --lambda-command examples/serve/danielhttp-function.sh
set -eu
recorded="$(dirname "$0")/../../corpus/danielhttp/lambda"
event="$(cat)"
case "$event" in
    *'"GUID":"Exception"'*) cat "$recorded/exception.error.json"; exit 1 ;;
    *'"GUID":"RaisedException"'*) cat "$recorded/raised-exception.error.json"; exit 1 ;;
    *'"GUID":"Error"'*) cat "$recorded/error.error.json"; exit 1 ;;
    *) cat "$recorded/ok.result.json" ;;
esac
