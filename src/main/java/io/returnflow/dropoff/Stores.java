package io.returnflow.dropoff;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The drop-off store network ({@code stores}). */
@Repository
public class Stores {

    private final JdbcClient jdbc;

    public Stores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Store> find(String id) {
        return jdbc.sql("select * from stores where id = ? and active = true").param(id)
                .query(Store.class).optional();
    }

    public List<Store> inCity(String city) {
        if (city == null || city.isBlank()) {
            return jdbc.sql("select * from stores where active = true order by id").query(Store.class).list();
        }
        return jdbc.sql("select * from stores where active = true and city = ? order by id").param(city)
                .query(Store.class).list();
    }

    /** Inserts or updates a store (seeding is repeatable). */
    public void save(Store s) {
        int updated = jdbc.sql("""
                        update stores set name = ?, province = ?, city = ?, district = ?, address = ?, post_code = ?,
                          phone = ?, opening_hours = ?, active = true where id = ?""")
                .params(s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(), s.phone(),
                        s.openingHours(), s.id())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into stores (id, name, province, city, district, address, post_code, phone,
                              opening_hours, active) values (?, ?, ?, ?, ?, ?, ?, ?, ?, true)""")
                    .params(s.id(), s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(),
                            s.phone(), s.openingHours())
                    .update();
        }
    }
}
