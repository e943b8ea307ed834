package dev.inferstream.topology;

/**
 * Told when this instance starts and stops running the task of an input partition: a task makes API
 * calls only between the two, which is what a cluster-wide quota splits by. Called on stream threads.
 */
public interface TaskOwnership {

    TaskOwnership NONE = new TaskOwnership() {
        @Override
        public void acquired(int partition) {
        }

        @Override
        public void released(int partition) {
        }
    };

    void acquired(int partition);

    void released(int partition);
}
