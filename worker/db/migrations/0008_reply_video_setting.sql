-- The seed's "always make reply videos": chat/send queues a talking-avatar video for each reply
-- unless the request says generate_video: false.
ALTER TABLE profiles ADD COLUMN always_video_replies INTEGER NOT NULL DEFAULT 0;
