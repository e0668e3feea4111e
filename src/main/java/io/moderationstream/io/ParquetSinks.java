package io.moderationstream.io;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * Parquet files of the generated Avro records (flink-parquet's Avro writers), exactly-once: a bulk format rolls on
 * every checkpoint and a file becomes visible only when its checkpoint completes. Partitioned Hive-style by the
 * record's event time in UTC, {@code dt=YYYY-MM-DD/hour=HH}, so engines prune by date and hour.
 */
public final class ParquetSinks {
    private ParquetSinks() {}

    /** The event time a record is partitioned by. */
    public interface EventTimeOf<T> extends Function<T, Instant>, Serializable {}

    public static <T extends SpecificRecordBase> FileSink<T> sink(String directory, Class<T> type, EventTimeOf<T> eventTime, String filePrefix) {
        return FileSink.forBulkFormat(new Path(directory), writers(type))
                .withBucketAssigner(new HivePartitions<>(eventTime))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(filePrefix).withPartSuffix(".parquet").build())
                .build();
    }

    /**
     * Avro Parquet writers with the generated class's own data model, so its logical-type conversions (Instant for
     * timestamp-millis) apply; flink-parquet's {@code forSpecificRecord} uses the bare SpecificData, which has none.
     */
    static <T extends SpecificRecordBase> ParquetWriterFactory<T> writers(Class<T> type) {
        return new ParquetWriterFactory<>(out -> AvroParquetWriter.<T>builder(out)
                .withSchema(SpecificData.get().getSchema(type))
                .withDataModel(SpecificData.getForClass(type))
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build());
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of the record's event time (UTC). */
    public static final class HivePartitions<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

        private final EventTimeOf<T> eventTime;

        public HivePartitions(EventTimeOf<T> eventTime) {
            this.eventTime = eventTime;
        }

        @Override
        public String getBucketId(T element, Context context) {
            return partitionOf(eventTime.apply(element));
        }

        public static String partitionOf(Instant time) {
            return PARTITION.format(time);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
