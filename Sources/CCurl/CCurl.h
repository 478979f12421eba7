// The system libcurl headers. curl_easy_setopt and friends are variadic: see CCurlShims.
#ifndef MAILGATE_CCURL_H
#define MAILGATE_CCURL_H
#include <curl/curl.h>
#endif
