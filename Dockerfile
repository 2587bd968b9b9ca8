# One image for the web server and the projection worker.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain domain
COPY application application
COPY projections projections
COPY web web
COPY cli cli
RUN pip install --no-cache-dir .
ENV GIAMNGHEO_LANG=vi
EXPOSE 8000
CMD ["giamngheo", "serve", "--host", "0.0.0.0", "--port", "8000", "--demo-households", "0"]
